<?xml version="1.0"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <!-- test: the clock's adjustment gives way to basis='localtime' (with
       TADDX: a duplicate attribute only when both apply) -->
  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>
  <xsl:template match="domain/clock/@adjustment">
    <xsl:attribute name="basis">localtime</xsl:attribute>
  </xsl:template>
</xsl:stylesheet>
