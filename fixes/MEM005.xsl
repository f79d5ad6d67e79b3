<?xml version="1.0" encoding="UTF-8"?>
<!-- MEM005 allocation-immediate: <memoryBacking><nosharepages/> and
     <allocation mode='immediate'/>.
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
  <xsl:template match="domain/*[not(self::memoryBacking)]" priority="-0.25">
    <xsl:copy-of select="."/>
  </xsl:template>

  <!-- An existing allocation keeps its threads. -->
  <xsl:template match="domain/memoryBacking/allocation">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:attribute name="mode">immediate</xsl:attribute>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- Missing <nosharepages/>/<allocation>: in libvirt's order (hugepages,
       nosharepages, locked, source, access, allocation, discard). -->
  <xsl:template match="domain/memoryBacking[not(nosharepages) or not(allocation)]">
    <xsl:variable name="after-nsp" select="hugepages"/>
    <xsl:variable name="after-alloc" select="(hugepages|nosharepages|locked|source|access)[last()]"/>
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:if test="not(nosharepages) and not($after-nsp)">
        <nosharepages/>
      </xsl:if>
      <xsl:if test="not(allocation) and not($after-alloc)">
        <allocation mode="immediate"/>
      </xsl:if>
      <xsl:for-each select="node()">
        <xsl:apply-templates select="."/>
        <xsl:if test="not(../nosharepages) and $after-nsp and count(. | $after-nsp) = 1">
          <nosharepages/>
        </xsl:if>
        <xsl:if test="not(../allocation) and $after-alloc and count(. | $after-alloc) = 1">
          <allocation mode="immediate"/>
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
    <nosharepages/><allocation mode="immediate"/>
  </xsl:template>
</xsl:stylesheet>
