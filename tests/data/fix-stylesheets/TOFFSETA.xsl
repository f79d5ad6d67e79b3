<?xml version="1.0"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:param name="target"/>
  <!-- test: sets the clock offset to utc (conflicts with TOFFSETB) -->
  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>
  <xsl:template match="domain/clock/@offset"><xsl:attribute name="offset">utc</xsl:attribute></xsl:template>
</xsl:stylesheet>
