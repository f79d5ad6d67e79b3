<?xml version="1.0" encoding="UTF-8"?>
<!-- HV017 hyperv-dependency: enable the prerequisite the finding names
     ($requires), with its own prerequisites (synic needs vpindex, stimer needs
     synic, vpindex and the hypervclock timer, tlbflush needs vpindex)
     Contract: docs/fixes.md (identity transform + templates for the change). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <!-- The prerequisite that is off: vpindex, synic, stimer, tlbflush, vapic
       or hypervclock (the timer). -->
  <xsl:param name="requires"/>

  <!-- The enlightenments to turn on, as ' name ' tokens. -->
  <xsl:variable name="enable">
    <xsl:choose>
      <xsl:when test="$requires = 'stimer'"> vpindex synic stimer </xsl:when>
      <xsl:when test="$requires = 'synic'"> vpindex synic </xsl:when>
      <xsl:when test="$requires = 'tlbflush'"> vpindex tlbflush </xsl:when>
      <xsl:when test="$requires = 'vpindex' or $requires = 'vapic'">
        <xsl:value-of select="concat(' ', $requires, ' ')"/>
      </xsl:when>
    </xsl:choose>
  </xsl:variable>
  <xsl:variable name="hvclock" select="$requires = 'stimer' or $requires = 'hypervclock'"/>

  <!-- Identity: everything not matched below is copied unchanged. -->
  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- A prerequisite that exists: state='on', keep the other attributes. -->
  <xsl:template match="domain/features/hyperv/*">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:if test="contains($enable, concat(' ', name(), ' '))">
        <xsl:attribute name="state">on</xsl:attribute>
      </xsl:if>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- The ones <hyperv> lacks: appended, prerequisites first (the schema
       allows any order). -->
  <xsl:template match="domain/features/hyperv">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
      <xsl:if test="contains($enable, ' vpindex ') and not(vpindex)">
        <vpindex state="on"/>
      </xsl:if>
      <xsl:if test="contains($enable, ' synic ') and not(synic)">
        <synic state="on"/>
      </xsl:if>
      <xsl:if test="contains($enable, ' stimer ') and not(stimer)">
        <stimer state="on"/>
      </xsl:if>
      <xsl:if test="contains($enable, ' tlbflush ') and not(tlbflush)">
        <tlbflush state="on"/>
      </xsl:if>
      <xsl:if test="contains($enable, ' vapic ') and not(vapic)">
        <vapic state="on"/>
      </xsl:if>
    </xsl:copy>
  </xsl:template>

  <!-- stimer needs the Hyper-V reference clock: the timer exists, turn it on. -->
  <xsl:template match="domain/clock/timer[@name='hypervclock']">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:if test="$hvclock">
        <xsl:attribute name="present">yes</xsl:attribute>
      </xsl:if>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- <clock> without the timer: append it. -->
  <xsl:template match="domain/clock[not(timer[@name='hypervclock'])]">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
      <xsl:if test="$hvclock">
        <timer name="hypervclock" present="yes"/>
      </xsl:if>
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
        <xsl:if test="$hvclock and count(. | $anchor) = count($anchor)">
          <xsl:call-template name="new-clock"/>
        </xsl:if>
      </xsl:for-each>
      <xsl:if test="$hvclock and not($anchor)">
        <xsl:call-template name="new-clock"/>
      </xsl:if>
    </xsl:copy>
  </xsl:template>

  <xsl:template name="new-clock">
    <clock offset="utc"><timer name="hypervclock" present="yes"/></clock>
  </xsl:template>
</xsl:stylesheet>
