<?xml version="1.0" encoding="UTF-8"?>
<!-- GPU006 spice-compression: the local SPICE display the finding designates
     gets <image compression='off'/>, <jpeg compression='never'/>,
     <zlib compression='never'/> and <playback compression='off'/>.
     Contract: docs/fixes.md (identity transform + templates for the change). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:gdn="urn:x-guardian:fixer" exclude-result-prefixes="gdn">

  <!-- Identity: everything not matched below is copied unchanged. -->
  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- libvirt writes listen, channel, image, jpeg, zlib, playback, streaming,
       clipboard, mouse, filetransfer, gl: a missing setting goes after the
       last present element that precedes it (or first). -->
  <xsl:template match="devices/graphics[@type='spice']">
    <xsl:variable name="on" select="gdn:target(.)"/>
    <xsl:variable name="a-image" select="(listen|channel)[last()]"/>
    <xsl:variable name="a-jpeg" select="(listen|channel|image)[last()]"/>
    <xsl:variable name="a-zlib" select="(listen|channel|image|jpeg)[last()]"/>
    <xsl:variable name="a-playback" select="(listen|channel|image|jpeg|zlib)[last()]"/>
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:if test="$on">
        <xsl:if test="not(image) and not($a-image)"><image compression="off"/></xsl:if>
        <xsl:if test="not(jpeg) and not($a-jpeg)"><jpeg compression="never"/></xsl:if>
        <xsl:if test="not(zlib) and not($a-zlib)"><zlib compression="never"/></xsl:if>
        <xsl:if test="not(playback) and not($a-playback)"><playback compression="off"/></xsl:if>
      </xsl:if>
      <xsl:for-each select="node()">
        <xsl:choose>
          <xsl:when test="$on">
            <xsl:apply-templates select="." mode="off"/>
            <xsl:if test="not(../image) and $a-image and count(. | $a-image) = 1"><image compression="off"/></xsl:if>
            <xsl:if test="not(../jpeg) and $a-jpeg and count(. | $a-jpeg) = 1"><jpeg compression="never"/></xsl:if>
            <xsl:if test="not(../zlib) and $a-zlib and count(. | $a-zlib) = 1"><zlib compression="never"/></xsl:if>
            <xsl:if test="not(../playback) and $a-playback and count(. | $a-playback) = 1"><playback compression="off"/></xsl:if>
          </xsl:when>
          <xsl:otherwise>
            <xsl:apply-templates select="."/>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:for-each>
    </xsl:copy>
  </xsl:template>

  <xsl:template match="@*|node()" mode="off">
    <xsl:apply-templates select="."/>
  </xsl:template>

  <!-- The first of each (the one libvirt and the rule read). -->
  <xsl:template match="image[1][not(@compression='off' or @compression='never')]" mode="off">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:attribute name="compression">off</xsl:attribute>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>
  <xsl:template match="jpeg[1][not(@compression='off' or @compression='never')] | zlib[1][not(@compression='off' or @compression='never')]" mode="off">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:attribute name="compression">never</xsl:attribute>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>
  <xsl:template match="playback[1][not(@compression='off' or @compression='never')]" mode="off">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:attribute name="compression">off</xsl:attribute>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
