<?xml version="1.0"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:param name="target"/>
  <!-- test: text content from a parameter -->
  <xsl:param name="vcpus" select="'1'"/>
  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>
  <xsl:template match="domain/vcpu">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:value-of select="$vcpus"/>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
