<?xml version="1.0" encoding="UTF-8"?>
<!-- DSK007 scsi-controller-model: the SCSI controller (index $controller)
     that disks sit on gets model='virtio-scsi'; undeclared, it is declared
     (with the seed's <driver queues='q'/>), after the last controller (else
     the last disk), where libvirt writes controllers. Unsafe: the guest needs
     the VirtIO SCSI driver first.
     Contract: docs/fixes.md (identity transform + templates for the change).
     One finding per controller: the one whose index is $controller changes
     (the index, unlike the finding's position, survives controllers another
     fix inserts). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <!-- "no" when controller $controller exists (an earlier fix may add it too). -->
  <xsl:param name="add_controller" select="'yes'"/>
  <xsl:param name="controller" select="'0'"/>
  <xsl:param name="model" select="'virtio-scsi'"/>
  <xsl:param name="queues" select="'1'"/>

  <!-- Identity: everything not matched below is copied unchanged. -->
  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- The controller exists: set its model (virtio-scsi and its
       transitional variants are kept). -->
  <xsl:template match="devices/controller[@type='scsi'][not(@model = 'virtio-scsi' or @model = 'virtio-transitional' or @model = 'virtio-non-transitional')]">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:if test="number(concat('0', @index)) = number($controller)">
        <xsl:attribute name="model"><xsl:value-of select="$model"/></xsl:attribute>
      </xsl:if>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- Not declared: declare it. -->
  <xsl:template match="domain/devices">
    <xsl:variable name="missing" select="$add_controller = 'yes' and not(controller[@type='scsi'][number(concat('0', @index)) = number($controller)])"/>
    <xsl:variable name="anchor" select="controller[last()] | disk[last()][not(../controller)] | emulator[not(../controller | ../disk)]"/>
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:if test="$missing and not($anchor)">
        <xsl:call-template name="new-controller"/>
      </xsl:if>
      <xsl:for-each select="node()">
        <xsl:apply-templates select="."/>
        <xsl:if test="$missing and generate-id(.) = generate-id($anchor)">
          <xsl:call-template name="new-controller"/>
        </xsl:if>
      </xsl:for-each>
    </xsl:copy>
  </xsl:template>

  <xsl:template name="new-controller">
    <controller type="scsi" index="{$controller}" model="{$model}">
      <xsl:if test="number($queues) &gt; 1">
        <driver queues="{$queues}"/>
      </xsl:if>
    </controller>
  </xsl:template>
</xsl:stylesheet>
