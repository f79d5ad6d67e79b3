<?xml version="1.0" encoding="UTF-8"?>
<!-- NET001 nic-model-emulated: <model type='virtio'/> on the finding's interface
     (its emulated <model>, or the interface that has none).
     Contract: docs/fixes.md (identity transform + templates for the change). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:gdn="urn:x-guardian:fixer" exclude-result-prefixes="gdn">

  <!-- Identity: everything not matched below is copied unchanged. -->
  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- The emulated model the finding designates: virtio. The model element
       carries only its type; nothing else on the interface is specific to
       the emulated NICs (a PCI address still fits a virtio-net-pci). -->
  <xsl:template match="devices/interface/model">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:if test="gdn:target(.)">
        <xsl:attribute name="type">virtio</xsl:attribute>
      </xsl:if>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- The interface without a model the finding designates: add one where
       libvirt writes it (after mac, source, target, ...; before driver). -->
  <xsl:template match="devices/interface[not(model)]">
    <xsl:variable name="anchor" select="(mac|source|vlan|virtualport|bandwidth|port|ip|route|script|downscript|backenddomain|target|guest)[last()]"/>
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:choose>
        <xsl:when test="not(gdn:target(.))">
          <xsl:apply-templates select="node()"/>
        </xsl:when>
        <xsl:when test="not($anchor)">
          <model type="virtio"/>
          <xsl:apply-templates select="node()"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:for-each select="node()">
            <xsl:apply-templates select="."/>
            <xsl:if test="count(. | $anchor) = 1">
              <model type="virtio"/>
            </xsl:if>
          </xsl:for-each>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
