<?xml version="1.0" encoding="UTF-8"?>
<!-- HV004 hyperv-spinlocks: <spinlocks state='on' retries='8191'/>
     Contract: docs/fixes.md (identity transform + templates for the change). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <!-- The rule's minimum retry count. -->
  <xsl:param name="retries" select="'8191'"/>

  <!-- Identity: everything not matched below is copied unchanged. -->
  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- <spinlocks> exists: turn it on; raise retries to the minimum (a larger
       value is kept). -->
  <xsl:template match="domain/features/hyperv/spinlocks">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:attribute name="state">on</xsl:attribute>
      <xsl:if test="not(number(@retries) &gt;= number($retries))">
        <xsl:attribute name="retries"><xsl:value-of select="$retries"/></xsl:attribute>
      </xsl:if>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- <hyperv> without it: append it (the schema allows any order). -->
  <xsl:template match="domain/features/hyperv[not(spinlocks)]">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
      <spinlocks state="on" retries="{$retries}"/>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
