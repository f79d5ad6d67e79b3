<?xml version="1.0" encoding="UTF-8"?>
<!-- DSK008 io-native-cache: io='native' needs cache='none' (or directsync)
     Contract: docs/fixes.md (identity transform + templates for the change).
     One finding per disk: only the finding's disk (gdn:target(): the disk or its
     <driver>) changes. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:gdn="urn:x-guardian:fixer" exclude-result-prefixes="gdn">
  <xsl:param name="cache" select="'none'"/>

  <!-- Identity: everything not matched below is copied unchanged. -->
  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- The disk's <driver> exists: set the attributes, keep the others. -->
  <xsl:template match="devices/disk/driver">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:if test="gdn:target(..)">
        <xsl:attribute name="cache"><xsl:value-of select="$cache"/></xsl:attribute>
      </xsl:if>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- No <driver>: create it where libvirt writes it (the disk's first child). -->
  <xsl:template match="devices/disk[not(driver)]">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:if test="gdn:target(.)">
        <driver cache="{$cache}"/>
      </xsl:if>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
