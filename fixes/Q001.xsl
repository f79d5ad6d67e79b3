<?xml version="1.0" encoding="UTF-8"?>
<!-- Q001 scsi-queues: <driver queues='q'/> on the virtio-scsi controller,
     q = min(vCPUs, 8).
     Contract: docs/fixes.md (identity transform + templates for the change).
     One finding per controller: the one whose index is $controller changes
     (the index, unlike the finding's position, survives controllers another
     fix inserts). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:param name="queues"/>
  <xsl:param name="controller" select="'0'"/>

  <!-- Identity: everything not matched below is copied unchanged. -->
  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- The controller's <driver> exists: add queues (an existing count is
       Q003's business). -->
  <xsl:template match="devices/controller[@type='scsi']/driver[not(@queues)]">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:if test="number(concat('0', ../@index)) = number($controller)">
        <xsl:attribute name="queues"><xsl:value-of select="$queues"/></xsl:attribute>
      </xsl:if>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- No <driver>: create it where libvirt writes it (the first child). -->
  <xsl:template match="devices/controller[@type='scsi'][not(driver)]">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:if test="number(concat('0', @index)) = number($controller)">
        <driver queues="{$queues}"/>
      </xsl:if>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
