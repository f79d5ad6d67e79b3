<?xml version="1.0" encoding="UTF-8"?>
<!-- CLK050 linux-kvmclock-disabled: drop the timer element that disables
     kvmclock (QEMU enables it by default). Contract: docs/fixes.md. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:param name="target"/>

  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>

  <xsl:template match="clock/timer[@name='kvmclock'][@present='no']"/>
</xsl:stylesheet>
