<?xml version="1.0" encoding="UTF-8"?>
<!-- HV021 hyperv-passthrough-children: <hyperv mode='passthrough'/> without children
     Contract: docs/fixes.md (identity transform + templates for the change). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <!-- Identity: everything not matched below is copied unchanged. -->
  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- Passthrough exposes every enlightenment the host supports; the schema
       allows no feature elements next to it. -->
  <xsl:template match="domain/features/hyperv[@mode='passthrough']/*"/>
</xsl:stylesheet>
