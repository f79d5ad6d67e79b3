<?xml version="1.0" encoding="UTF-8"?>
<!-- PIN003 vcpupin-out-of-range: remove the <vcpupin> of the non-existent
     vCPU the finding names ($vcpu; by number, not by position, so that the
     fixes of several such pins compose).
     Contract: docs/fixes.md (identity transform + templates for the change). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:param name="vcpu" select="''"/>

  <!-- Identity: everything not matched below is copied unchanged. -->
  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>

  <xsl:template match="domain/cputune/vcpupin">
    <xsl:if test="$vcpu = '' or number(@vcpu) != number($vcpu)">
      <xsl:copy>
        <xsl:apply-templates select="@*|node()"/>
      </xsl:copy>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
