<?xml version="1.0" encoding="UTF-8"?>
<!-- CPU004 cpu-cache-passthrough: <cache mode='passthrough'/> in a
     host-passthrough <cpu>.
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
  <xsl:template match="domain/*[not(self::cpu)]" priority="-0.25">
    <xsl:copy-of select="."/>
  </xsl:template>

  <!-- The cache exists with another mode: passthrough, without a level
       (libvirt rejects a level in passthrough mode). -->
  <xsl:template match="domain/cpu[@mode='host-passthrough']/cache">
    <xsl:copy>
      <xsl:apply-templates select="@*[not(name() = 'level')]"/>
      <xsl:attribute name="mode">passthrough</xsl:attribute>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- No <cache>: libvirt writes it after <model>, <vendor> and <topology>,
       before <maxphysaddr>, <feature> and <numa>. -->
  <xsl:template match="domain/cpu[@mode='host-passthrough'][not(cache)]">
    <xsl:variable name="anchor" select="(model|vendor|topology)[last()]"/>
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:if test="not($anchor)">
        <cache mode="passthrough"/>
      </xsl:if>
      <xsl:for-each select="node()">
        <xsl:apply-templates select="."/>
        <xsl:if test="$anchor and count(. | $anchor) = 1">
          <cache mode="passthrough"/>
        </xsl:if>
      </xsl:for-each>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
