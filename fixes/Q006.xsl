<?xml version="1.0" encoding="UTF-8"?>
<!-- Q006 tx-queue-size-ignored: remove tx_queue_size from the interface <driver>
     (QEMU caps it at 256 unless the backend is vhost-user or vDPA).
     Contract: docs/fixes.md (identity transform + templates for the change).
     One finding per interface: only the finding's <driver> (gdn:target()) changes. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:gdn="urn:x-guardian:fixer" exclude-result-prefixes="gdn">

  <!-- Identity: everything not matched below is copied unchanged. -->
  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- A <driver> that only held tx_queue_size goes away entirely (the
       fixer's own tracking attribute does not count). -->
  <xsl:template match="devices/interface/driver[@tx_queue_size][not(*)]
                       [not(@*[name() != 'tx_queue_size' and namespace-uri() != 'urn:x-guardian:fixer'])]" priority="1">
    <xsl:if test="not(gdn:target(.))">
      <xsl:copy>
        <xsl:apply-templates select="@*|node()"/>
      </xsl:copy>
    </xsl:if>
  </xsl:template>

  <xsl:template match="devices/interface/driver">
    <xsl:copy>
      <xsl:choose>
        <xsl:when test="gdn:target(.)">
          <xsl:apply-templates select="@*[name() != 'tx_queue_size']"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates select="@*"/>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
