<?xml version="1.0"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:param name="target"/>
  <!-- test: sets the clock offset to timezone (conflicts with TOFFSETA) -->
  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>
  <xsl:template match="domain/clock/@offset"><xsl:attribute name="offset">timezone</xsl:attribute></xsl:template>
</xsl:stylesheet>
