<?xml version="1.0" encoding="UTF-8"?>
<!-- MEM001 hugepages-missing: <memoryBacking><hugepages><page size='2048'
     unit='KiB'/></hugepages> (unsafe: the host must reserve the pages first).
     Contract: docs/fixes.md (identity transform + templates for the change). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:param name="size" select="'2048'"/>
  <xsl:param name="unit" select="'KiB'"/>

  <!-- Identity: everything not matched below is copied unchanged. -->
  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- Speed: top-level elements this fix never changes are copied whole
       (copy-of keeps the fixer's tracking attributes). -->
  <xsl:template match="domain/*[not(self::memoryBacking)]" priority="-0.25">
    <xsl:copy-of select="."/>
  </xsl:template>

  <!-- <memoryBacking> without <hugepages>: libvirt writes it first. -->
  <xsl:template match="domain/memoryBacking[not(hugepages)]">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:call-template name="new-hugepages"/>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- libvirt rejects huge pages with an anonymous source or on-demand
       allocation (MEM007): those go. An allocation with threads keeps them
       and becomes mode='immediate', what libvirt does with huge pages by
       default (MEM005 then has nothing to change on it). -->
  <xsl:template match="domain/memoryBacking[not(hugepages)]/source[@type='anonymous']"/>
  <xsl:template match="domain/memoryBacking[not(hugepages)]/allocation[@mode='ondemand'][not(@threads)]"/>
  <xsl:template match="domain/memoryBacking[not(hugepages)]/allocation[@mode='ondemand']/@mode">
    <xsl:attribute name="mode">immediate</xsl:attribute>
  </xsl:template>

  <!-- No <memoryBacking>: create it where libvirt writes it (after
       <currentMemory>, <blkiotune> and <memtune>, before <vcpu>). -->
  <xsl:template match="domain[not(memoryBacking)]">
    <xsl:variable name="anchor" select="(name|uuid|genid|title|description|metadata|maxMemory|memory|currentMemory|blkiotune|memtune)[last()]"/>
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:for-each select="node()">
        <xsl:apply-templates select="."/>
        <xsl:if test="$anchor and count(. | $anchor) = 1">
          <memoryBacking><xsl:call-template name="new-hugepages"/></memoryBacking>
        </xsl:if>
      </xsl:for-each>
      <xsl:if test="not($anchor)">
        <memoryBacking><xsl:call-template name="new-hugepages"/></memoryBacking>
      </xsl:if>
    </xsl:copy>
  </xsl:template>

  <xsl:template name="new-hugepages">
    <hugepages><page size="{$size}" unit="{$unit}"/></hugepages>
  </xsl:template>
</xsl:stylesheet>
