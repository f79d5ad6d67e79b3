<?xml version="1.0" encoding="UTF-8"?>
<!-- DSK050 virtio-blk-iothread: <driver iothread='N'/> on each virtio-blk
     disk, N = gdn:param(disk, 'iothread') (an I/O thread the domain defines
     that serves no device, or a new one per disk), and the new threads of
     all the domain's DSK050 disks defined at once: ids $iothreads_first ..
     $iothreads_first + $iothreads_new - 1 (lib/iothreads.xsl: <iothreads>
     after <vcpu>, or <iothreadids>). One pass fixes every disk: the disks
     differ only in their target parameter, and the definition is the same
     for all of them (docs/fixes.md, "Shared changes").
     Contract: docs/fixes.md (identity transform + templates for the change). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:gdn="urn:x-guardian:fixer" exclude-result-prefixes="gdn">
  <xsl:param name="iothreads_first" select="'1'"/>
  <xsl:param name="iothreads_new" select="'0'"/>

  <!-- lib/iothreads.xsl: the threads to define. -->
  <xsl:variable name="new_first" select="number($iothreads_first)"/>
  <xsl:variable name="new_count" select="number($iothreads_new)"/>

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
      <xsl:if test="gdn:target(..) and gdn:param(.., 'iothread') != ''">
        <xsl:attribute name="iothread"><xsl:value-of select="gdn:param(.., 'iothread')"/></xsl:attribute>
      </xsl:if>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- No <driver>: create it where libvirt writes it (the disk's first child). -->
  <xsl:template match="devices/disk[not(driver)]">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:if test="gdn:target(.) and gdn:param(., 'iothread') != ''">
        <driver iothread="{gdn:param(., 'iothread')}"/>
      </xsl:if>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>

  <xsl:include href="lib/iothreads.xsl"/>
</xsl:stylesheet>
