<?xml version="1.0" encoding="UTF-8"?>
<!-- MEM004 memfd-shared: <memoryBacking><source type='memfd'/><access
     mode='shared'/>, and memAccess='shared' on NUMA cells that say otherwise.
     Contract: docs/fixes.md (identity transform + templates for the change). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <!-- Identity: everything not matched below is copied unchanged. -->
  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- Speed: top-level elements this fix never changes are copied whole
       (copy-of keeps the fixer's tracking attributes). -->
  <xsl:template match="domain/*[not(self::memoryBacking or self::cpu)]" priority="-0.25">
    <xsl:copy-of select="."/>
  </xsl:template>
  <xsl:template match="domain/memoryBacking/source">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:attribute name="type">memfd</xsl:attribute>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>

  <xsl:template match="domain/memoryBacking/access">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:attribute name="mode">shared</xsl:attribute>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- A cell's memAccess overrides <access>: private cells become shared. -->
  <xsl:template match="domain/cpu/numa/cell/@memAccess">
    <xsl:attribute name="memAccess">shared</xsl:attribute>
  </xsl:template>

  <!-- Missing <source>/<access>: in libvirt's order (hugepages, nosharepages,
       locked, source, access, allocation, discard). -->
  <xsl:template match="domain/memoryBacking[not(source) or not(access)]">
    <xsl:variable name="after-src" select="(hugepages|nosharepages|locked)[last()]"/>
    <xsl:variable name="after-acc" select="(hugepages|nosharepages|locked|source)[last()]"/>
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:if test="not(source) and not($after-src)">
        <source type="memfd"/>
      </xsl:if>
      <xsl:if test="not(access) and not($after-acc)">
        <access mode="shared"/>
      </xsl:if>
      <xsl:for-each select="node()">
        <xsl:apply-templates select="."/>
        <xsl:if test="not(../source) and $after-src and count(. | $after-src) = 1">
          <source type="memfd"/>
        </xsl:if>
        <xsl:if test="not(../access) and $after-acc and count(. | $after-acc) = 1">
          <access mode="shared"/>
        </xsl:if>
      </xsl:for-each>
    </xsl:copy>
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
          <memoryBacking><xsl:call-template name="new-backing"/></memoryBacking>
        </xsl:if>
      </xsl:for-each>
      <xsl:if test="not($anchor)">
        <memoryBacking><xsl:call-template name="new-backing"/></memoryBacking>
      </xsl:if>
    </xsl:copy>
  </xsl:template>

  <xsl:template name="new-backing">
    <source type="memfd"/><access mode="shared"/>
  </xsl:template>
</xsl:stylesheet>
