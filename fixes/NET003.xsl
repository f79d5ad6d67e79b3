<?xml version="1.0" encoding="UTF-8"?>
<!-- NET003 nic-ufo: drop ufo from the finding's <driver><host> or <guest>.
     Contract: docs/fixes.md (identity transform + templates for the change). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:gdn="urn:x-guardian:fixer" exclude-result-prefixes="gdn">

  <!-- Identity: everything not matched below is copied unchanged. -->
  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- ufo of the element the finding designates goes (QEMU's default). -->
  <xsl:template match="devices/interface/driver/host/@ufo | devices/interface/driver/guest/@ufo">
    <xsl:if test="not(gdn:target(..))">
      <xsl:copy/>
    </xsl:if>
  </xsl:template>

  <!-- A <host ufo='on'/> (or <guest>) with nothing else: the whole element
       goes, as libvirt would not write it back either. -->
  <xsl:template match="devices/interface/driver/host[@ufo][not(@*[namespace-uri() = '' and name() != 'ufo'])][not(*)]
                       | devices/interface/driver/guest[@ufo][not(@*[namespace-uri() = '' and name() != 'ufo'])][not(*)]">
    <xsl:if test="not(gdn:target(.))">
      <xsl:copy>
        <xsl:apply-templates select="@*|node()"/>
      </xsl:copy>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
