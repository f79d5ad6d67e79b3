<?xml version="1.0" encoding="UTF-8"?>
<!-- DEV003 desktop-devices-on-server: remove sound cards and SPICE USB
     redirection; an <audio> backend goes too once no sound card uses it.
     Contract: docs/fixes.md. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:param name="target"/>

  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>

  <xsl:template match="devices/sound"/>
  <xsl:template match="devices/redirdev[@type='spicevmc']"/>
  <xsl:template match="devices/audio[not(@id = ../graphics/audio/@id)]"/>
</xsl:stylesheet>
