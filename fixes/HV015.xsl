<?xml version="1.0" encoding="UTF-8"?>
<!-- HV015 hyperv-evmcs: Intel host: <evmcs state='on'/> (and vapic, its
     prerequisite); AMD host: remove <evmcs>
     Contract: docs/fixes.md (identity transform + templates for the change). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <!-- The rule's verdict for the host: 'add' (Intel) or 'remove' (AMD). -->
  <xsl:param name="action"/>

  <!-- Identity: everything not matched below is copied unchanged. -->
  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- <evmcs> exists: Intel turns it on, AMD removes it (QEMU refuses to
       start with it). -->
  <xsl:template match="domain/features/hyperv/evmcs">
    <xsl:if test="$action != 'remove'">
      <xsl:copy>
        <xsl:apply-templates select="@*"/>
        <xsl:if test="$action = 'add'">
          <xsl:attribute name="state">on</xsl:attribute>
        </xsl:if>
        <xsl:apply-templates select="node()"/>
      </xsl:copy>
    </xsl:if>
  </xsl:template>

  <!-- Intel: evmcs needs vapic. -->
  <xsl:template match="domain/features/hyperv/vapic">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:if test="$action = 'add'">
        <xsl:attribute name="state">on</xsl:attribute>
      </xsl:if>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- Intel: append what <hyperv> lacks, prerequisite first (the schema
       allows any order). -->
  <xsl:template match="domain/features/hyperv[not(vapic) or not(evmcs)]">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
      <xsl:if test="$action = 'add'">
        <xsl:if test="not(vapic)">
          <vapic state="on"/>
        </xsl:if>
        <xsl:if test="not(evmcs)">
          <evmcs state="on"/>
        </xsl:if>
      </xsl:if>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
