<?xml version="1.0" encoding="UTF-8"?>
<!-- CPU003 cpu-topology-mismatch: the topology the finding recomputed
     (sockets x dies x clusters x cores x threads = vCPUs).
     Contract: docs/fixes.md (identity transform + templates for the change). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:param name="sockets" select="'1'"/>
  <xsl:param name="dies" select="'1'"/>
  <xsl:param name="clusters"/>
  <xsl:param name="cores" select="'1'"/>
  <xsl:param name="threads" select="'1'"/>

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

  <!-- dies (default 1) is written only when present or not 1; clusters only
       when the topology has it (the rule then recomputes it). -->
  <xsl:template match="domain/cpu/topology">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:attribute name="sockets"><xsl:value-of select="$sockets"/></xsl:attribute>
      <xsl:if test="@dies or $dies != '1'">
        <xsl:attribute name="dies"><xsl:value-of select="$dies"/></xsl:attribute>
      </xsl:if>
      <xsl:if test="@clusters and $clusters != ''">
        <xsl:attribute name="clusters"><xsl:value-of select="$clusters"/></xsl:attribute>
      </xsl:if>
      <xsl:attribute name="cores"><xsl:value-of select="$cores"/></xsl:attribute>
      <xsl:attribute name="threads"><xsl:value-of select="$threads"/></xsl:attribute>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
