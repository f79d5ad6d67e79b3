<?xml version="1.0" encoding="UTF-8"?>
<!-- HV014 hyperv-ipi: <ipi state='on'/> (and vpindex, its prerequisite)
     Contract: docs/fixes.md (identity transform + templates for the change). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <!-- Identity: everything not matched below is copied unchanged. -->
  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- The enlightenments exist: state='on', keep the other attributes. -->
  <xsl:template match="domain/features/hyperv/vpindex | domain/features/hyperv/ipi">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:attribute name="state">on</xsl:attribute>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- Append the ones <hyperv> lacks, prerequisites first (the schema
       allows any order). -->
  <xsl:template match="domain/features/hyperv[not(vpindex) or not(ipi)]">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
      <xsl:if test="not(vpindex)">
        <vpindex state="on"/>
      </xsl:if>
      <xsl:if test="not(ipi)">
        <ipi state="on"/>
      </xsl:if>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
