<?xml version="1.0" encoding="UTF-8"?>
<!-- CPU002 cpu-topology-missing: <topology sockets='1' dies='1' cores='C'
     threads='T'/>, the values from the finding.
     Contract: docs/fixes.md (identity transform + templates for the change). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:param name="sockets" select="'1'"/>
  <xsl:param name="dies" select="'1'"/>
  <xsl:param name="cores" select="'1'"/>
  <xsl:param name="threads" select="'1'"/>

  <!-- Identity: everything not matched below is copied unchanged. -->
  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- Speed: top-level elements this fix never changes are copied whole
       (copy-of keeps the fixer's tracking attributes). -->
  <xsl:template match="domain/*[not(self::cpu)]" priority="-0.25">
    <xsl:copy-of select="."/>
  </xsl:template>

  <!-- <cpu> without <topology>: libvirt writes it after <model> and <vendor>,
       before <cache>, <feature> and <numa>. -->
  <xsl:template match="domain/cpu[not(topology)]">
    <xsl:variable name="anchor" select="(model|vendor)[last()]"/>
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:if test="not($anchor)">
        <xsl:call-template name="new-topology"/>
      </xsl:if>
      <xsl:for-each select="node()">
        <xsl:apply-templates select="."/>
        <xsl:if test="$anchor and count(. | $anchor) = 1">
          <xsl:call-template name="new-topology"/>
        </xsl:if>
      </xsl:for-each>
    </xsl:copy>
  </xsl:template>

  <!-- No <cpu> at all: create it where libvirt writes it (after <features>,
       before <clock>); without a mode it stays libvirt's default. -->
  <xsl:template match="domain[not(cpu)]">
    <xsl:variable name="anchor" select="(name|uuid|genid|title|description|metadata|maxMemory|memory|currentMemory|blkiotune|memtune|memoryBacking|vcpu|vcpus|iothreads|iothreadids|cputune|numatune|resource|sysinfo|bootloader|bootloader_args|os|idmap|features)[last()]"/>
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:for-each select="node()">
        <xsl:apply-templates select="."/>
        <xsl:if test="$anchor and count(. | $anchor) = 1">
          <cpu><xsl:call-template name="new-topology"/></cpu>
        </xsl:if>
      </xsl:for-each>
      <xsl:if test="not($anchor)">
        <cpu><xsl:call-template name="new-topology"/></cpu>
      </xsl:if>
    </xsl:copy>
  </xsl:template>

  <xsl:template name="new-topology">
    <topology sockets="{$sockets}" dies="{$dies}" cores="{$cores}" threads="{$threads}"/>
  </xsl:template>
</xsl:stylesheet>
