<?xml version="1.0" encoding="UTF-8"?>
<!-- DSK009 scsi-iothread: <driver iothread='N'/> on the virtio-scsi controller
     (index $controller), N = $iothread (the domain's first I/O thread, or 1),
     defining the I/O thread when the domain does not (<iothreads>, created
     where libvirt writes it, after <vcpu>).
     Contract: docs/fixes.md (identity transform + templates for the change). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <!-- "no" when the domain defines I/O thread $iothread already. -->
  <xsl:param name="add_iothreads" select="'yes'"/>
  <xsl:param name="controller" select="'0'"/>
  <xsl:param name="iothread" select="'1'"/>

  <!-- Identity: everything not matched below is copied unchanged. -->
  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- The controller's <driver> exists: add the iothread. -->
  <xsl:template match="devices/controller[@type='scsi']/driver[not(@iothread)]">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:if test="number(concat('0', ../@index)) = number($controller)">
        <xsl:attribute name="iothread"><xsl:value-of select="$iothread"/></xsl:attribute>
      </xsl:if>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- No <driver>: create it where libvirt writes it (the first child). -->
  <xsl:template match="devices/controller[@type='scsi'][not(driver)]">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:if test="number(concat('0', @index)) = number($controller)">
        <driver iothread="{$iothread}"/>
      </xsl:if>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- lib/iothreads.xsl: the thread to define. -->
  <xsl:variable name="new_first" select="number($iothread)"/>
  <xsl:variable name="new_count" select="number($add_iothreads = 'yes')"/>

  <xsl:include href="lib/iothreads.xsl"/>
</xsl:stylesheet>
