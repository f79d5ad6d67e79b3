<?xml version="1.0" encoding="UTF-8"?>
<!-- PIN004 vcpupin-reserved: re-plan the vCPU pins outside the host reserve
     (the whole plan: vcpupin, emulatorpin, iothreadpin, numatune).
     The plan encoding is rules/pinplan.h's; every part is optional.
     Contract: docs/fixes.md (identity transform + templates for the change). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:str="http://exslt.org/strings" xmlns:math="http://exslt.org/math"
                exclude-result-prefixes="str math">
  <!-- Identity: everything not matched below is copied unchanged. -->
  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>

  <xsl:include href="lib/pin-plan.xsl"/>
</xsl:stylesheet>
