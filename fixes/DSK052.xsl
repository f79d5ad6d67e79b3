<?xml version="1.0" encoding="UTF-8"?>
<!-- DSK052 qcow2-l2-cache: <metadata_cache><max_size unit='MiB'>$max_size</max_size>
     </metadata_cache> in the finding's disk <driver> (libvirt >= 7.0 passes it
     to QEMU as the qcow2 'cache-size'), replacing a smaller one.
     Contract: docs/fixes.md (identity transform + templates for the change). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:gdn="urn:x-guardian:fixer" exclude-result-prefixes="gdn">
  <xsl:param name="max_size"/>

  <!-- Identity: everything not matched below is copied unchanged. -->
  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- A metadata_cache exists: its max_size becomes $max_size MiB. -->
  <xsl:template match="devices/disk/driver/metadata_cache">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:choose>
        <xsl:when test="gdn:target(..)">
          <xsl:apply-templates select="node()[not(self::max_size)]"/>
          <max_size unit="MiB"><xsl:value-of select="$max_size"/></max_size>
        </xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates select="node()"/>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:copy>
  </xsl:template>

  <!-- None yet: add it (the driver's first child, where libvirt writes it). -->
  <xsl:template match="devices/disk/driver[not(metadata_cache)]">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:if test="gdn:target(.)">
        <metadata_cache><max_size unit="MiB"><xsl:value-of select="$max_size"/></max_size></metadata_cache>
      </xsl:if>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
