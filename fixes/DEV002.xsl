<?xml version="1.0" encoding="UTF-8"?>
<!-- DEV002 memballoon-unusable: <memballoon model='none'/>, replacing the
     balloon (its statistics period and address go with it) or adding one.
     Contract: docs/fixes.md. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:param name="target"/>

  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>

  <xsl:template match="devices/memballoon[not(@model='none')]">
    <xsl:copy>
      <xsl:apply-templates select="@*[name() != 'autodeflate' and name() != 'freePageReporting']"/>
      <xsl:attribute name="model">none</xsl:attribute>
    </xsl:copy>
  </xsl:template>

  <xsl:template match="devices[not(memballoon)]">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
      <memballoon model="none"/>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
