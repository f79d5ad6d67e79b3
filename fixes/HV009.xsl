<?xml version="1.0" encoding="UTF-8"?>
<!-- HV009 hyperv-stimer-direct: <stimer state='on'><direct state='on'/></stimer>
     Contract: docs/fixes.md (identity transform + templates for the change). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <!-- Identity: everything not matched below is copied unchanged. -->
  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- <direct> exists: turn it on. -->
  <xsl:template match="domain/features/hyperv/stimer/direct">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:attribute name="state">on</xsl:attribute>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- <stimer> without it: add it (an empty <stimer/> is expanded). -->
  <xsl:template match="domain/features/hyperv/stimer[not(direct)]">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
      <direct state="on"/>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
