<?xml version="1.0"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:param name="target"/>
  <!-- test: tries to read a file; the security prefs must refuse -->
  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>
  <xsl:template match="domain/name">
    <xsl:copy><xsl:value-of select="count(document('/usr/share/libvirt/schemas/domain.rng')/*)"/></xsl:copy>
  </xsl:template>
</xsl:stylesheet>
