<?xml version="1.0" encoding="UTF-8"?>
<!-- CPU005 cpu-cache-invalid: remove the <cache> libvirt rejects (passthrough
     with a mode other than host-passthrough/maximum, passthrough with a level,
     or any cache on a non-x86 guest).
     Contract: docs/fixes.md (identity transform + templates for the change). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:gdn="urn:x-guardian:fixer" exclude-result-prefixes="gdn">

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

  <!-- The finding's <cache> goes. -->
  <xsl:template match="domain/cpu/cache">
    <xsl:if test="not(gdn:target(.))">
      <xsl:copy>
        <xsl:apply-templates select="@*|node()"/>
      </xsl:copy>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
