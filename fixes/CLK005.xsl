<?xml version="1.0" encoding="UTF-8"?>
<!-- CLK005 clock-localtime: <clock offset='localtime'>
     Contract: docs/fixes.md (identity transform + templates for the change). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <!-- Identity: everything not matched below is copied unchanged. -->
  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- Speed: top-level elements this fix never changes are copied whole
       (copy-of keeps the fixer's tracking attributes). -->
  <xsl:template match="domain/*[not(self::clock)]" priority="-0.25">
    <xsl:copy-of select="."/>
  </xsl:template>

  <!-- Set offset='localtime'. Attributes of the other offset kinds
       (timezone, basis, start; a variable offset's adjustment) would make the
       clock invalid or change its meaning, so they go. -->
  <xsl:template match="domain/clock">
    <xsl:copy>
      <xsl:apply-templates select="@*[not(name() = 'offset' or name() = 'timezone' or name() = 'basis' or name() = 'start')]"/>
      <xsl:attribute name="offset">localtime</xsl:attribute>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>

  <xsl:template match="domain/clock[@offset = 'variable' or @offset = 'absolute']/@adjustment"/>

  <!-- No <clock> at all: create it after the element libvirt writes before
       it (cpu, features, os, ...), with libvirt's default offset. -->
  <xsl:template match="domain[not(clock)]">
    <xsl:variable name="anchor" select="(name|uuid|genid|title|description|metadata|maxMemory|memory|currentMemory|blkiotune|memtune|memoryBacking|vcpu|vcpus|iothreads|iothreadids|cputune|numatune|resource|sysinfo|bootloader|bootloader_args|os|idmap|features|cpu)[last()]"/>
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:for-each select="node()">
        <xsl:apply-templates select="."/>
        <xsl:if test="$anchor and count(. | $anchor) = count($anchor)">
          <xsl:call-template name="new-clock"/>
        </xsl:if>
      </xsl:for-each>
      <xsl:if test="not($anchor)">
        <xsl:call-template name="new-clock"/>
      </xsl:if>
    </xsl:copy>
  </xsl:template>

  <xsl:template name="new-clock">
    <clock offset="localtime"/>
  </xsl:template>
</xsl:stylesheet>
