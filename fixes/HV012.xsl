<?xml version="1.0" encoding="UTF-8"?>
<!-- HV012 hyperv-reenlightenment: <reenlightenment state='on'/>
     Contract: docs/fixes.md (identity transform + templates for the change). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <!-- Identity: everything not matched below is copied unchanged. -->
  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- The enlightenment exists: state='on', keep the other attributes. -->
  <xsl:template match="domain/features/hyperv/reenlightenment">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:attribute name="state">on</xsl:attribute>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- <hyperv> without it: append it (the schema allows any order). -->
  <xsl:template match="domain/features/hyperv[not(reenlightenment)]">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
      <reenlightenment state="on"/>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
