<?xml version="1.0" encoding="UTF-8"?>
<!-- NET002 nic-vhost: <driver name='vhost'> on the finding's virtio interface.
     Contract: docs/fixes.md (identity transform + templates for the change). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:gdn="urn:x-guardian:fixer" exclude-result-prefixes="gdn">

  <!-- Identity: everything not matched below is copied unchanged. -->
  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- The finding's <driver name='qemu'>: the in-kernel backend. -->
  <xsl:template match="devices/interface/driver">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:if test="gdn:target(.)">
        <xsl:attribute name="name">vhost</xsl:attribute>
      </xsl:if>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
