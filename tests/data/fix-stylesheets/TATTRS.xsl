<?xml version="1.0"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:param name="target"/>
  <!-- test: attribute removal, addition (with quotes to escape), change -->
  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>
  <xsl:template match="domain/memory/@unit"/>
  <xsl:template match="domain/name">
    <xsl:copy>
      <xsl:attribute name="note">it's "x" &amp; y</xsl:attribute>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>
  <xsl:template match="domain/@type">
    <xsl:attribute name="type">qemu</xsl:attribute>
  </xsl:template>
</xsl:stylesheet>
