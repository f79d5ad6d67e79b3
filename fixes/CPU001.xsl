<?xml version="1.0" encoding="UTF-8"?>
<!-- CPU001 cpu-host-passthrough: <cpu mode='host-passthrough'> (unsafe: the
     guest can then only migrate to identical hosts).
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
  <xsl:template match="domain/*[not(self::cpu)]" priority="-0.25">
    <xsl:copy-of select="."/>
  </xsl:template>

  <!-- Switch the mode. match= only applies to custom CPUs (libvirt drops it). -->
  <xsl:template match="domain/cpu">
    <xsl:copy>
      <xsl:apply-templates select="@*[not(name() = 'match')]"/>
      <xsl:attribute name="mode">host-passthrough</xsl:attribute>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- host-passthrough takes the host's model and vendor: they go. <topology>,
       <cache>, <maxphysaddr>, <feature> and <numa> stay. -->
  <xsl:template match="domain/cpu/model"/>
  <xsl:template match="domain/cpu/vendor"/>

  <!-- No <cpu> at all: create it where libvirt writes it (after <features>,
       before <clock>). -->
  <xsl:template match="domain[not(cpu)]">
    <xsl:variable name="anchor" select="(name|uuid|genid|title|description|metadata|maxMemory|memory|currentMemory|blkiotune|memtune|memoryBacking|vcpu|vcpus|iothreads|iothreadids|cputune|numatune|resource|sysinfo|bootloader|bootloader_args|os|idmap|features)[last()]"/>
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:for-each select="node()">
        <xsl:apply-templates select="."/>
        <xsl:if test="$anchor and count(. | $anchor) = 1">
          <cpu mode="host-passthrough"/>
        </xsl:if>
      </xsl:for-each>
      <xsl:if test="not($anchor)">
        <cpu mode="host-passthrough"/>
      </xsl:if>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
