<?xml version="1.0" encoding="UTF-8"?>
<!-- Q002 net-queues: <driver queues='q'/> on the virtio interface, q = min(vCPUs, 8)
     Contract: docs/fixes.md (identity transform + templates for the change).
     One finding per interface: only the finding's interface (gdn:target(): the
     interface or its <driver>) changes. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:gdn="urn:x-guardian:fixer" exclude-result-prefixes="gdn">
  <xsl:param name="queues"/>

  <!-- Identity: everything not matched below is copied unchanged. -->
  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- The interface's <driver> exists: set the attribute, keep the others. -->
  <xsl:template match="devices/interface/driver">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:if test="gdn:target(..)">
        <xsl:attribute name="queues"><xsl:value-of select="$queues"/></xsl:attribute>
      </xsl:if>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- No <driver>: create it where libvirt writes it, after <model> (or
       after the last of the elements libvirt writes before it). -->
  <xsl:template match="devices/interface[not(driver)]">
    <xsl:variable name="anchor" select="(mac|source|virtualport|ip|route|script|downscript|backenddomain|target|guest|model)[last()]"/>
    <xsl:variable name="mine" select="gdn:target(.)"/>
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:if test="$mine and not($anchor)">
        <driver queues="{$queues}"/>
      </xsl:if>
      <xsl:for-each select="node()">
        <xsl:apply-templates select="."/>
        <xsl:if test="$mine and generate-id(.) = generate-id($anchor)">
          <driver queues="{$queues}"/>
        </xsl:if>
      </xsl:for-each>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
