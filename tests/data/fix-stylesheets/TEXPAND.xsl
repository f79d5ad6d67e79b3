<?xml version="1.0"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:param name="target"/>
  <!-- test: an empty <features/> gains nested children; <acpi> gets an attribute-less sibling -->
  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>
  <xsl:template match="domain/features">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
      <hyperv mode="custom">
        <relaxed state="on"/>
        <spinlocks state="on" retries="8191"/>
      </hyperv>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
