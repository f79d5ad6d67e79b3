<?xml version="1.0" encoding="UTF-8"?>
<!-- CLK051 linux-tsc-deadline-masked: drop the CPU feature element that
     disables or forbids tsc-deadline. Contract: docs/fixes.md. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:param name="target"/>

  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>

  <xsl:template match="cpu/feature[@name='tsc-deadline'][@policy='disable' or @policy='forbid']"/>
</xsl:stylesheet>
