<?xml version="1.0" encoding="UTF-8"?>
<!-- DSK050 virtio-blk-iothread: <driver iothread='N'/> on the virtio-blk disk,
     N = $iothread (an I/O thread the domain defines that serves no device, or
     a new one per disk), defining the I/O thread when the domain does not
     ($add_iothreads, lib/iothreads.xsl: <iothreads> after <vcpu>).
     Contract: docs/fixes.md (identity transform + templates for the change).
     Each disk gets its own thread, so one pass fixes one disk. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:gdn="urn:x-guardian:fixer" exclude-result-prefixes="gdn">
  <!-- "no" when the domain defines I/O thread $iothread already. -->
  <xsl:param name="add_iothreads" select="'yes'"/>
  <xsl:param name="iothread" select="'1'"/>

  <!-- Identity: everything not matched below is copied unchanged. -->
  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- The disk's <driver> exists: add the iothread. -->
  <xsl:template match="devices/disk/driver[not(@iothread)]">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:if test="gdn:target(..)">
        <xsl:attribute name="iothread"><xsl:value-of select="$iothread"/></xsl:attribute>
      </xsl:if>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- No <driver>: create it where libvirt writes it (the disk's first child). -->
  <xsl:template match="devices/disk[not(driver)]">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:if test="gdn:target(.)">
        <driver iothread="{$iothread}"/>
      </xsl:if>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>

  <xsl:template name="wants-iothread">
    <xsl:if test="$add_iothreads = 'yes'">yes</xsl:if>
  </xsl:template>

  <xsl:include href="lib/iothreads.xsl"/>
</xsl:stylesheet>
