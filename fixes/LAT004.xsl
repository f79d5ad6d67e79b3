<?xml version="1.0" encoding="UTF-8"?>
<!-- LAT004 usb-controller-unused: USB controllers become one
     <controller type='usb' model='none'/> (libvirt refuses model='none'
     beside other USB controllers; addresses and companions go).
     Contract: docs/fixes.md. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:param name="target"/>

  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>

  <xsl:template match="devices/controller[@type='usb']">
    <xsl:if test="generate-id(.) = generate-id(../controller[@type='usb'][1])">
      <xsl:copy>
        <xsl:apply-templates select="@*[name() != 'ports']"/>
        <xsl:attribute name="index">0</xsl:attribute>
        <xsl:attribute name="model">none</xsl:attribute>
      </xsl:copy>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
