<?xml version="1.0" encoding="UTF-8"?>
<!-- Q003 queues-count: queues='q' (q = min(vCPUs, 8)) on the <driver> of a
     virtio-scsi controller, virtio interface or virtio-blk disk.
     Contract: docs/fixes.md (identity transform + templates for the change).
     One finding per device: only the finding's <driver> (gdn:target()) changes. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:gdn="urn:x-guardian:fixer" exclude-result-prefixes="gdn">
  <xsl:param name="queues"/>

  <!-- Identity: everything not matched below is copied unchanged. -->
  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>

  <xsl:template match="devices/*/driver[@queues]">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:if test="gdn:target(.)">
        <xsl:attribute name="queues"><xsl:value-of select="$queues"/></xsl:attribute>
      </xsl:if>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
