<?xml version="1.0"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:param name="target"/>
  <!-- test: a changed attribute value holding a carriage return -->
  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>
  <xsl:template match="domain/name/@note">
    <xsl:attribute name="note">a&#13;b</xsl:attribute>
  </xsl:template>
</xsl:stylesheet>
