<?xml version="1.0" encoding="UTF-8"?>
<!-- CPU007 cpu-migratable: <cpu mode='host-passthrough' check='none'
     migratable='off'>.
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

  <xsl:template match="domain/cpu[@mode='host-passthrough']">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:attribute name="check">none</xsl:attribute>
      <xsl:attribute name="migratable">off</xsl:attribute>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
