<?xml version="1.0"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:dyn="http://exslt.org/dynamic" exclude-result-prefixes="dyn">
  <!-- test: changes only the disk at $target (dyn:evaluate, evaluated in the template) -->
  <xsl:param name="target"/>
  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>
  <xsl:template match="devices/disk/target">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:if test="count(.. | dyn:evaluate($target)) = 1">
        <xsl:attribute name="bus">scsi</xsl:attribute>
      </xsl:if>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
