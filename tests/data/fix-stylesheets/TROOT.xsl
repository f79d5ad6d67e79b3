<?xml version="1.0"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:param name="target"/>
  <!-- test: renames the root: the result is no domain and must be dropped -->
  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>
  <xsl:template match="/domain">
    <notdomain><xsl:apply-templates select="@*|node()"/></notdomain>
  </xsl:template>
</xsl:stylesheet>
