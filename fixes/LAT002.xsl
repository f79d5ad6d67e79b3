<?xml version="1.0" encoding="UTF-8"?>
<!-- LAT002 pmu-on: <pmu state='off'/> in <features> (created after the last
     element libvirt writes before <features> when missing).
     Contract: docs/fixes.md. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:param name="target"/>

  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>

  <xsl:template match="features/pmu[not(@state='off')]">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:attribute name="state">off</xsl:attribute>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>

  <xsl:template match="features[not(pmu)]">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
      <pmu state="off"/>
    </xsl:copy>
  </xsl:template>

  <xsl:template match="domain[not(features)]">
    <xsl:variable name="anchor" select="(os|idmap|bootloader|bootloader_args|sysinfo)[last()]"/>
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:for-each select="node()">
        <xsl:apply-templates select="."/>
        <xsl:if test="generate-id(.) = generate-id($anchor)">
          <features><pmu state="off"/></features>
        </xsl:if>
      </xsl:for-each>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
