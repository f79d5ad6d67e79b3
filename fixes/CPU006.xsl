<?xml version="1.0" encoding="UTF-8"?>
<!-- CPU006 cpu-topoext: <feature policy='require' name='topoext'/> in <cpu>.
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

  <!-- topoext disabled or forbidden: require it. -->
  <xsl:template match="domain/cpu/feature[@name='topoext']">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:attribute name="policy">require</xsl:attribute>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- No topoext feature: libvirt writes features after <model>, <vendor>,
       <topology>, <cache> and <maxphysaddr>, before <numa>. -->
  <xsl:template match="domain/cpu[not(feature[@name='topoext'])]">
    <xsl:variable name="anchor" select="(model|vendor|topology|cache|maxphysaddr|feature)[last()]"/>
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:if test="not($anchor)">
        <feature policy="require" name="topoext"/>
      </xsl:if>
      <xsl:for-each select="node()">
        <xsl:apply-templates select="."/>
        <xsl:if test="$anchor and count(. | $anchor) = 1">
          <feature policy="require" name="topoext"/>
        </xsl:if>
      </xsl:for-each>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
