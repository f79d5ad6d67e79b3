<?xml version="1.0" encoding="UTF-8"?>
<!-- DEV004 machine-type-old: the machine becomes its unversioned alias
     ($machine: 'pc' or 'q35'), which libvirt expands to the newest version
     of that family when the domain is defined. Contract: docs/fixes.md. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:param name="target"/>
  <xsl:param name="machine" select="'q35'"/>

  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>

  <xsl:template match="os/type/@machine[starts-with(., 'pc-')]">
    <xsl:attribute name="machine"><xsl:value-of select="$machine"/></xsl:attribute>
  </xsl:template>
</xsl:stylesheet>
