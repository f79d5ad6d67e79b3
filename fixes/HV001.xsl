<?xml version="1.0" encoding="UTF-8"?>
<!-- HV001 hyperv-missing: <features><hyperv mode='custom'> with the seed's
     full set (evmcs on Intel hosts only), avic where the host has APICv/AVIC
     (HV018: synic needs it to keep them), and the hypervclock timer stimer
     needs. TCG guests ($kvm = 'no') get the subset QEMU runs without KVM.
     Contract: docs/fixes.md (identity transform + templates for the change). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <!-- 'on' when the host is Intel (evmcs is Intel-only). -->
  <xsl:param name="evmcs" select="'off'"/>
  <!-- 'on' when host facts show APICv/AVIC. -->
  <xsl:param name="avic" select="'off'"/>
  <!-- 'no' for TCG: no vpindex, synic, stimer, tlbflush, ipi. -->
  <xsl:param name="kvm" select="'yes'"/>

  <!-- Identity: everything not matched below is copied unchanged. -->
  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- <features> without <hyperv>: insert it after the features libvirt
       writes before it (acpi, apic, pae, hap, viridian, privnet), else
       first. -->
  <xsl:template match="domain/features[not(hyperv)]">
    <xsl:variable name="anchor" select="(acpi|apic|pae|hap|viridian|privnet)[last()]"/>
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:if test="not($anchor)">
        <xsl:call-template name="new-hyperv"/>
      </xsl:if>
      <xsl:for-each select="node()">
        <xsl:apply-templates select="."/>
        <xsl:if test="count(. | $anchor) = count($anchor)">
          <xsl:call-template name="new-hyperv"/>
        </xsl:if>
      </xsl:for-each>
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

  <!-- No <features> or no <clock>: create them after the elements libvirt
       writes before them (os, ...; features, cpu, ...), with libvirt's default
       clock offset. -->
  <xsl:template match="domain[not(features) or not(clock)]">
    <xsl:variable name="features-anchor" select="(name|uuid|genid|title|description|metadata|maxMemory|memory|currentMemory|blkiotune|memtune|memoryBacking|vcpu|vcpus|iothreads|iothreadids|cputune|numatune|resource|sysinfo|bootloader|bootloader_args|os|idmap)[last()]"/>
    <xsl:variable name="clock-anchor" select="(name|uuid|genid|title|description|metadata|maxMemory|memory|currentMemory|blkiotune|memtune|memoryBacking|vcpu|vcpus|iothreads|iothreadids|cputune|numatune|resource|sysinfo|bootloader|bootloader_args|os|idmap|features|cpu)[last()]"/>
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:for-each select="node()">
        <xsl:apply-templates select="."/>
        <xsl:if test="not(../features) and count(. | $features-anchor) = count($features-anchor)">
          <features><xsl:call-template name="new-hyperv"/></features>
        </xsl:if>
        <xsl:if test="not(../clock) and count(. | $clock-anchor) = count($clock-anchor)">
          <xsl:call-template name="new-clock"/>
        </xsl:if>
      </xsl:for-each>
      <xsl:if test="not(features) and not($features-anchor)">
        <features><xsl:call-template name="new-hyperv"/></features>
      </xsl:if>
      <xsl:if test="not(clock) and not($clock-anchor)">
        <xsl:call-template name="new-clock"/>
      </xsl:if>
    </xsl:copy>
  </xsl:template>

  <!-- The seed's set in its (and libvirt's) order, then avic (HV018). -->
  <xsl:template name="new-hyperv">
    <hyperv mode="custom">
      <relaxed state="on"/>
      <vapic state="on"/>
      <spinlocks state="on" retries="8191"/>
      <xsl:if test="$kvm = 'yes'">
        <vpindex state="on"/>
      </xsl:if>
      <runtime state="on"/>
      <xsl:if test="$kvm = 'yes'">
        <synic state="on"/>
        <stimer state="on"><direct state="on"/></stimer>
      </xsl:if>
      <vendor_id state="on" value="KVM Hv"/>
      <frequencies state="on"/>
      <reenlightenment state="on"/>
      <xsl:if test="$kvm = 'yes'">
        <tlbflush state="on"/>
        <ipi state="on"/>
      </xsl:if>
      <xsl:if test="$evmcs = 'on'">
        <evmcs state="on"/>
      </xsl:if>
      <xsl:if test="$avic = 'on'">
        <avic state="on"/>
      </xsl:if>
    </hyperv>
  </xsl:template>

  <xsl:template name="new-clock">
    <clock offset="utc"><timer name="hypervclock" present="yes"/></clock>
  </xsl:template>
</xsl:stylesheet>
