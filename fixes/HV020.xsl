<?xml version="1.0" encoding="UTF-8"?>
<!-- HV020 vmport-off: <vmport state='off'/> in <features>
     Contract: docs/fixes.md (identity transform + templates for the change). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <!-- Identity: everything not matched below is copied unchanged. -->
  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- <vmport> exists: turn it off. -->
  <xsl:template match="domain/features/vmport">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:attribute name="state">off</xsl:attribute>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- <features> without it: insert it after the features libvirt writes
       before it (acpi, apic, ..., hyperv, kvm, ..., pmu), else first. -->
  <xsl:template match="domain/features[not(vmport)]">
    <xsl:variable name="anchor" select="(acpi|apic|pae|hap|viridian|privnet|hyperv|kvm|pvspinlock|capabilities|pmu)[last()]"/>
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:if test="not($anchor)">
        <vmport state="off"/>
      </xsl:if>
      <xsl:for-each select="node()">
        <xsl:apply-templates select="."/>
        <xsl:if test="count(. | $anchor) = count($anchor)">
          <vmport state="off"/>
        </xsl:if>
      </xsl:for-each>
    </xsl:copy>
  </xsl:template>

  <!-- No <features> at all: create it after the element libvirt writes
       before it (os, ...). -->
  <xsl:template match="domain[not(features)]">
    <xsl:variable name="anchor" select="(name|uuid|genid|title|description|metadata|maxMemory|memory|currentMemory|blkiotune|memtune|memoryBacking|vcpu|vcpus|iothreads|iothreadids|cputune|numatune|resource|sysinfo|bootloader|bootloader_args|os|idmap)[last()]"/>
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:for-each select="node()">
        <xsl:apply-templates select="."/>
        <xsl:if test="count(. | $anchor) = count($anchor)">
          <features><vmport state="off"/></features>
        </xsl:if>
      </xsl:for-each>
      <xsl:if test="not($anchor)">
        <features><vmport state="off"/></features>
      </xsl:if>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
