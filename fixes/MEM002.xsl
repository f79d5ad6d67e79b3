<?xml version="1.0" encoding="UTF-8"?>
<!-- MEM002 hugepage-size-unsupported: the finding's <page> gets the nearest
     page size the host offers.
     Contract: docs/fixes.md (identity transform + templates for the change). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:gdn="urn:x-guardian:fixer" exclude-result-prefixes="gdn">
  <xsl:param name="size"/>
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

  <!-- Only the finding's page: size in the finding's unit (KiB). A page
       without unit is already in KiB, so no unit is added. -->
  <xsl:template match="domain/memoryBacking/hugepages/page">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:if test="$size != '' and gdn:target(.)">
        <xsl:attribute name="size"><xsl:value-of select="$size"/></xsl:attribute>
        <xsl:if test="@unit">
          <xsl:attribute name="unit"><xsl:value-of select="$unit"/></xsl:attribute>
        </xsl:if>
      </xsl:if>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
