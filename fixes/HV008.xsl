<?xml version="1.0" encoding="UTF-8"?>
<!-- HV008 hyperv-stimer: <stimer state='on'><direct state='on'/></stimer>
     (and its prerequisites: vpindex, synic, the hypervclock timer)
     Contract: docs/fixes.md (identity transform + templates for the change). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <!-- Identity: everything not matched below is copied unchanged. -->
  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- The enlightenments exist: state='on', keep the other attributes. -->
  <xsl:template match="domain/features/hyperv/vpindex | domain/features/hyperv/synic | domain/features/hyperv/stimer">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:attribute name="state">on</xsl:attribute>
      <xsl:apply-templates select="node()"/>
      <xsl:if test="self::stimer and not(direct)">
        <direct state="on"/>
      </xsl:if>
    </xsl:copy>
  </xsl:template>

  <!-- Synthetic timers in direct mode (HV009). -->
  <xsl:template match="domain/features/hyperv/stimer/direct">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:attribute name="state">on</xsl:attribute>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- Append the ones <hyperv> lacks, prerequisites first (the schema
       allows any order). -->
  <xsl:template match="domain/features/hyperv[not(vpindex) or not(synic) or not(stimer)]">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
      <xsl:if test="not(vpindex)">
        <vpindex state="on"/>
      </xsl:if>
      <xsl:if test="not(synic)">
        <synic state="on"/>
      </xsl:if>
      <xsl:if test="not(stimer)">
        <stimer state="on"><direct state="on"/></stimer>
      </xsl:if>
    </xsl:copy>
  </xsl:template>

  <!-- stimer needs the Hyper-V reference clock: the timer exists, turn it on. -->
  <xsl:template match="domain/clock/timer[@name='hypervclock']">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:attribute name="present">yes</xsl:attribute>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- <clock> without the timer: append it. -->
  <xsl:template match="domain/clock[not(timer[@name='hypervclock'])]">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
      <timer name="hypervclock" present="yes"/>
    </xsl:copy>
  </xsl:template>

  <!-- No <clock> at all: create it after the element libvirt writes before
       it (cpu, features, os, ...), with libvirt's default offset. -->
  <xsl:template match="domain[not(clock)]">
    <xsl:variable name="anchor" select="(name|uuid|genid|title|description|metadata|maxMemory|memory|currentMemory|blkiotune|memtune|memoryBacking|vcpu|vcpus|iothreads|iothreadids|cputune|numatune|resource|sysinfo|bootloader|bootloader_args|os|idmap|features|cpu)[last()]"/>
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:for-each select="node()">
        <xsl:apply-templates select="."/>
        <xsl:if test="count(. | $anchor) = count($anchor)">
          <xsl:call-template name="new-clock"/>
        </xsl:if>
      </xsl:for-each>
      <xsl:if test="not($anchor)">
        <xsl:call-template name="new-clock"/>
      </xsl:if>
    </xsl:copy>
  </xsl:template>

  <xsl:template name="new-clock">
    <clock offset="utc"><timer name="hypervclock" present="yes"/></clock>
  </xsl:template>
</xsl:stylesheet>
