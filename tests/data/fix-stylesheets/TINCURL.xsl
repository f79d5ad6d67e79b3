<?xml version="1.0"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <!-- test: includes http://127.0.0.1/lib/x.xsl; compiling must refuse (only lib/NAME.xsl of the embedded stylesheets) -->
  <xsl:include href="http://127.0.0.1/lib/x.xsl"/>
  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
