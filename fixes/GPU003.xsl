<?xml version="1.0" encoding="UTF-8"?>
<!-- GPU003 video-heads: heads='2' on the primary virtio video model.
     Contract: docs/fixes.md (identity transform + templates for the change). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:param name="heads" select="'2'"/>

  <!-- Identity: everything not matched below is copied unchanged. -->
  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- The primary video (first primary='yes', else the first) with a virtio
       model of fewer heads than the rule asks for. -->
  <xsl:template match="devices/video/model[@type='virtio']">
    <xsl:variable name="primary" select="(../../video[model/@primary='yes'] | ../../video[not(../video/model/@primary='yes')])[1]"/>
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:if test="count(.. | $primary) = 1 and (not(@heads) or number(@heads) &lt; number($heads))">
        <xsl:attribute name="heads"><xsl:value-of select="$heads"/></xsl:attribute>
      </xsl:if>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
